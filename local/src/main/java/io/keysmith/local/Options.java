package io.keysmith.local;

import java.nio.file.Path;

/** The local runner's command-line flags, with their defaults. */
record Options(int port, Path dataDir, boolean inMemory, String region, String account) {
    static final String USAGE = """
            Usage: java -jar keysmith-local.jar [options]
              --port N          port on 127.0.0.1 (default 4599; 0 picks a free one)
              --data-dir DIR    where DynamoDB Local keeps its files (default ./.keysmith)
              --in-memory       keep nothing on disk
              --region R        region in key ARNs (default us-east-1)
              --account A       account in key ARNs (default 000000000000)
            """;

    static Options defaults() {
        return new Options(4599, Path.of(".keysmith"), false, "us-east-1", "000000000000");
    }

    static Options parse(String... args) {
        Options o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--in-memory" -> o = new Options(o.port, o.dataDir, true, o.region, o.account);
                case "--port" -> o = new Options(port(value(args, ++i, flag)), o.dataDir, o.inMemory, o.region, o.account);
                case "--data-dir" -> o = new Options(o.port, Path.of(value(args, ++i, flag)), o.inMemory, o.region, o.account);
                case "--region" -> o = new Options(o.port, o.dataDir, o.inMemory, value(args, ++i, flag), o.account);
                case "--account" -> o = new Options(o.port, o.dataDir, o.inMemory, o.region, account(value(args, ++i, flag)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return o;
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, not " + value);
    }

    private static String account(String value) {
        if (!value.matches("\\d{12}")) {
            throw new IllegalArgumentException("--account must be 12 digits, not " + value);
        }
        return value;
    }
}
