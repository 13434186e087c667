package io.fugue.testing.keyvault;

import java.time.Instant;
import java.util.Map;

/** One immutable version of a secret, with the attributes the REST API reports. */
record SecretVersion(String name, String version, String value, String contentType, Map<String, String> tags,
        boolean enabled, Instant created, Instant updated) {

    SecretVersion {
        tags = tags == null ? null : Map.copyOf(tags);
    }

    SecretVersion withChanges(Boolean newEnabled, String newContentType, Map<String, String> newTags, Instant now) {
        return new SecretVersion(name, version, value,
                newContentType == null ? contentType : newContentType,
                newTags == null ? tags : newTags,
                newEnabled == null ? enabled : newEnabled,
                created, now);
    }

    /** Never print values: records' generated toString would, and test failures get logged. */
    @Override
    public String toString() {
        return "SecretVersion[" + name + "/" + version + ", enabled=" + enabled + "]";
    }
}
