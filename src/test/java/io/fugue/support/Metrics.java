package io.fugue.support;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one series of {@code /q/metrics}. Test classes that share a profile share one application and its counters:
 * assert the change a test made (read before and after), never an absolute value.
 */
public final class Metrics {

    private Metrics() {
    }

    /** The series' value, e.g. {@code fugue_keyvault_refreshes_total{outcome="failure"}}; 0 while it does not exist. */
    public static double value(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
