package io.keysmith.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.keysmith.core.errors.MalformedPolicyDocumentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The fuzz seeds stay what they claim: the valid ones parse, so fuzzing starts past validation. */
class PolicyFuzzSeedsTest {
    private static final Set<String> MALFORMED = Set.of("malformed-principal", "not-json", "crash-huge-exponent");

    @Test
    void validSeedsParseAndMalformedOnesAreRefused() throws Exception {
        Path seeds = Path.of(
                getClass().getResource("PolicyFuzzTestInputs/policyDocument").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(seeds)) {
            files = list.sorted().toList();
        }

        assertEquals(12, files.size(), files::toString);
        for (Path seed : files) {
            String text = Files.readString(seed);
            if (MALFORMED.contains(seed.getFileName().toString())) {
                assertThrows(MalformedPolicyDocumentException.class, () -> PolicyDocument.parse(text), seed::toString);
            } else {
                assertEquals(text, PolicyDocument.parse(text).text(), seed.toString());
            }
        }
    }
}
