package io.fugue.support;

import static io.restassured.RestAssured.given;

import java.util.OptionalDouble;
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
        return find(series).orElse(0);
    }

    /** The series' value; fails when the application does not publish the series. */
    public static double existing(String series) {
        return find(series).orElseThrow(() -> new AssertionError("no " + series + " in /q/metrics"));
    }

    private static OptionalDouble find(String series) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return line.find() ? OptionalDouble.of(Double.parseDouble(line.group(1))) : OptionalDouble.empty();
    }
}
