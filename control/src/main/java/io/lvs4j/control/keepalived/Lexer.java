package io.lvs4j.control.keepalived;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Splits keepalived.conf files into words: blanks separate, braces are words of their own, a
 * word starting with {@code !} or {@code #} comments out the rest of the line, {@code "..."} is
 * one word. A line {@code include PATTERN} is replaced by the words of the matching files
 * (relative to the including file's directory, globs allowed, in name order).
 */
final class Lexer {
    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final long MAX_FILE_BYTES = 16 << 20;
    private final Messages messages;
    private final List<Token> tokens = new ArrayList<>();

    private Lexer(Messages messages) {
        this.messages = messages;
    }

    static List<Token> read(Path file, Messages messages) {
        Lexer lexer = new Lexer(messages);
        lexer.readFile(file, null, 0);
        return lexer.tokens;
    }

    private void readFile(Path file, Token includedAt, int depth) {
        List<String> lines;
        try {
            lines = lines(file);
        } catch (IOException e) {
            String reason = "cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage());
            if (includedAt == null) {
                throw new ConfigException(file, 0, reason);
            }
            throw ConfigException.at(includedAt, reason);
        }
        for (int i = 0; i < lines.size(); i++) {
            List<Token> words = split(lines.get(i), file, i + 1);
            if (!words.isEmpty() && words.get(0).is("include")) {
                include(words, file, depth);
            } else {
                tokens.addAll(words);
            }
        }
    }

    /**
     * The file's lines, strict UTF-8. Only a regular file, and only as many bytes as its size says,
     * so an include cannot hang or fill the heap: a FIFO or a device is refused, /proc/kmsg
     * (0 bytes, whose read blocks) reads as empty, /proc/kcore or a huge log is too large.
     */
    private static List<String> lines(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException("not a regular file");
        }
        if (attributes.size() > MAX_FILE_BYTES) {
            throw new IOException(attributes.size() + " bytes (at most " + MAX_FILE_BYTES + ")");
        }
        byte[] bytes = new byte[0];
        if (attributes.size() > 0) {
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) attributes.size());
            }
        }
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
    }

    private static List<Token> split(String line, Path file, int lineNo) {
        List<Token> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '!' || c == '#') {
                break;
            } else if (c == '{' || c == '}') {
                words.add(new Token(String.valueOf(c), file, lineNo, false));
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new ConfigException(file, lineNo, "unterminated quoted string " + line.substring(i));
                }
                words.add(new Token(line.substring(i + 1, end), file, lineNo, true));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i)) && "{}\"".indexOf(line.charAt(i)) < 0) {
                    i++;
                }
                words.add(new Token(line.substring(start, i), file, lineNo, false));
            }
        }
        return words;
    }

    private void include(List<Token> words, Path from, int depth) {
        Token at = words.get(0);
        if (words.size() != 2) {
            throw ConfigException.at(at, "include takes one file name or glob pattern, got "
                    + (words.size() - 1) + " words");
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw ConfigException.at(at, "includes nested more than " + MAX_INCLUDE_DEPTH
                    + " deep (does a file include itself?)");
        }
        String pattern = words.get(1).text();
        Path base = from.toAbsolutePath().getParent();
        Path target;
        try {
            target = base.resolve(pattern).normalize();
        } catch (InvalidPathException e) {
            throw ConfigException.at(words.get(1), "bad include file name '" + pattern + "': " + e.getReason());
        }
        List<Path> files = hasGlob(pattern) ? glob(target, at) : List.of(target);
        if (files.isEmpty()) {
            messages.warn(at, "include " + pattern + ": no file matches");
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw ConfigException.at(at, "include " + pattern + ": no such file " + f);
            }
            readFile(f, at, depth + 1);
        }
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** Files matching an absolute glob; the walk starts at the deepest directory without glob characters. */
    private static List<Path> glob(Path pattern, Token at) {
        Path root = pattern.getRoot();
        Path start = root;
        int fixed = 0;
        while (fixed < pattern.getNameCount() - 1 && !hasGlob(pattern.getName(fixed).toString())) {
            start = start.resolve(pattern.getName(fixed));
            fixed++;
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (PatternSyntaxException e) {
            throw ConfigException.at(at, "bad include pattern '" + pattern + "': " + e.getDescription());
        }
        try (Stream<Path> walk = Files.walk(start, pattern.getNameCount() - fixed)) {
            return walk.filter(matcher::matches).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw walkFailed(pattern, at, e);
        } catch (UncheckedIOException e) {
            // the walk met a directory it may not read (as under /proc) or one that went away
            throw walkFailed(pattern, at, e.getCause());
        }
    }

    private static ConfigException walkFailed(Path pattern, Token at, IOException e) {
        return ConfigException.at(at, "include " + pattern + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
}
