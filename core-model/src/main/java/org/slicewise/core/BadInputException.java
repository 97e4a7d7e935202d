package org.slicewise.core;

/**
 * A user's input (a file, a prompt, a model folder, an argument) is unusable. The message is one
 * line that names the input and the problem; the CLI prints it and exits with code 2, the app shows
 * it in a dialog. Never used for programming errors.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE: problem" as one line. */
    public static BadInputException of(Object file, String problem) {
        return new BadInputException(file + ": " + problem);
    }
}
