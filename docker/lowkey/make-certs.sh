#!/bin/sh
# One-shot step of docker/compose.yaml, run in the Lowkey Vault image (its JRE brings keytool) before the
# emulator starts. It makes:
#   /tls-server/server.p12   key pair for the emulator's HTTPS port (only lowkey-certs and lowkey-vault mount it)
#   /trust/lowkey.pem        that key pair's certificate, public
#   /trust/truststore.p12    the JRE's public CAs plus that one certificate, for fugue's JVM (password-less, as
#                            the JDK's own cacerts: a trust store holds public certificates only)
# The certificate names exactly the hosts fugue and the seeder use, so clients verify the emulator's certificate
# and host name just as they verify *.vault.azure.net in Azure. Nothing trusts everything.
set -eu

server_dir=/tls-server
trust_dir=/trust
# Not a secret: it guards a throwaway key pair generated per stack that never leaves the two volumes above.
store_pass=${LOWKEY_KEYSTORE_PASSWORD:?set LOWKEY_KEYSTORE_PASSWORD}
pkcs12_public="-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE"

if [ -s "$server_dir/server.p12" ] && [ -s "$trust_dir/truststore.p12" ] && [ -s "$trust_dir/lowkey.pem" ]; then
  echo "make-certs: TLS material exists, keeping it"
  exit 0
fi
rm -f "$server_dir/server.p12" "$trust_dir/lowkey.pem" "$trust_dir/truststore.p12"

umask 077
keytool -genkeypair -alias lowkey-vault -keyalg RSA -keysize 3072 -validity 825 \
  -dname "CN=default.lowkey-vault" \
  -ext "SAN=dns:default.lowkey-vault,dns:lowkey-vault" -ext "EKU=serverAuth" \
  -storetype PKCS12 -keystore "$server_dir/server.p12" -storepass "$store_pass"

umask 022
keytool -exportcert -rfc -alias lowkey-vault \
  -keystore "$server_dir/server.p12" -storepass "$store_pass" -file "$trust_dir/lowkey.pem"
# shellcheck disable=SC2086 # $pkcs12_public is two separate options on purpose
keytool $pkcs12_public -importkeystore -noprompt \
  -srckeystore "$JAVA_HOME/lib/security/cacerts" -srcstorepass changeit \
  -destkeystore "$trust_dir/truststore.p12" -deststoretype PKCS12 -deststorepass changeit
# shellcheck disable=SC2086
keytool $pkcs12_public -importcert -noprompt -alias lowkey-vault -file "$trust_dir/lowkey.pem" \
  -keystore "$trust_dir/truststore.p12" -storetype PKCS12 -storepass changeit
chmod 0444 "$trust_dir/lowkey.pem" "$trust_dir/truststore.p12"
echo "make-certs: key pair for default.lowkey-vault and trust store written"
