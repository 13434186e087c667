package io.fugue.problem;

/**
 * Tells bytes the HTTP codec could not parse (a chunk size that is no hex number or overflows, a broken header
 * block) from a bug: Netty reports them as the exception its decoder threw, often a bare
 * {@link NumberFormatException}, so the class alone does not say where it came from; the frame that threw does.
 */
final class MalformedMessage {

    private static final String CODEC_PACKAGE = "io.netty.handler.codec.";

    private MalformedMessage() {
    }

    static boolean explains(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.netty.handler.codec.DecoderException) {
                return true;
            }
            StackTraceElement[] frames = t.getStackTrace();
            if (frames.length > 0 && frames[0].getClassName().startsWith(CODEC_PACKAGE)) {
                return true;
            }
        }
        return false;
    }
}
