package io.lvs4j.control.provision;

/**
 * One generated file.
 *
 * @param name       file name, used with {@code --out DIR} and in the {@code # ==> name <==} headers
 * @param content    the text, ending with a newline
 * @param executable whether {@code --out} makes it executable (the scripts)
 * @param installAs  where it belongs on the target host, told to the user when written
 */
public record GeneratedFile(String name, String content, boolean executable, String installAs) {
}
