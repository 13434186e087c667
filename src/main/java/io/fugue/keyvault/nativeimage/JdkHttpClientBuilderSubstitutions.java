package io.fugue.keyvault.nativeimage;

import java.util.Properties;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * Native image only. The SDK's JDK HTTP client reads {@code ${java.home}/conf/net.properties} for extra allowed
 * restricted headers; a native executable has no {@code java.home} (the read fails with a NullPointerException) and
 * no JDK files. Fugue allows no restricted header, so there is nothing to read.
 */
@TargetClass(className = "com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder")
final class JdkHttpClientBuilderSubstitutions {

    @Substitute
    Properties getNetworkProperties() {
        return new Properties();
    }
}
