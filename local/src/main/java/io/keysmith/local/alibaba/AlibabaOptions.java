package io.keysmith.local.alibaba;

import java.util.ArrayList;
import java.util.List;

/**
 * The Alibaba listener's flags, taken out of the runner's command line before the rest is parsed:
 * {@code --alibaba-port PORT} turns it on; {@code --alibaba-max-concurrent N} answers 429 Rejected.Throttling to a
 * request beyond N in flight (off by default).
 *
 * @param port          the port on 127.0.0.1, 0 for a free one; -1 when the listener is off
 * @param maxConcurrent requests served at once before 429, or 0 for no limit
 * @param rest          the command line without these flags
 */
public record AlibabaOptions(int port, int maxConcurrent, List<String> rest) {
    public AlibabaOptions {
        rest = List.copyOf(rest);
    }

    public boolean enabled() {
        return port >= 0;
    }

    public static AlibabaOptions take(String... args) {
        int port = -1;
        int maxConcurrent = 0;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--alibaba-port" -> port = number(args, ++i, "--alibaba-port", 0, 65535);
                case "--alibaba-max-concurrent" ->
                    maxConcurrent = number(args, ++i, "--alibaba-max-concurrent", 1, 100_000);
                default -> rest.add(args[i]);
            }
        }
        if (maxConcurrent > 0 && port < 0) {
            throw new IllegalArgumentException("--alibaba-max-concurrent goes with --alibaba-port");
        }
        return new AlibabaOptions(port, maxConcurrent, rest);
    }

    private static int number(String[] args, int index, String flag, int min, int max) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        try {
            int value = Integer.parseInt(args[index]);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                flag + " must be a number from " + min + " to " + max + ", not " + args[index]);
    }
}
