package io.keysmith.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.keysmith.core.DataKeyPairSpec;
import io.keysmith.core.DataKeySpec;
import io.keysmith.core.EncryptionAlgorithm;
import io.keysmith.core.ExpirationModel;
import io.keysmith.core.ImportType;
import io.keysmith.core.KeySpec;
import io.keysmith.core.KeyState;
import io.keysmith.core.KeyUsage;
import io.keysmith.core.Origin;
import io.keysmith.core.RotationType;
import io.keysmith.core.SigningAlgorithm;
import io.keysmith.core.WrappingAlgorithm;
import io.keysmith.core.WrappingKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each Java enum of the core lists exactly the values of its enum in the service model, in its order. */
class ModelEnumsTest {
    private static final ServiceModel MODEL = ServiceModel.load();

    static Stream<Arguments> enums() {
        return Stream.of(
                Arguments.of("KeySpec", KeySpec.class),
                Arguments.of("KeyUsageType", KeyUsage.class),
                Arguments.of("OriginType", Origin.class),
                Arguments.of("KeyState", KeyState.class),
                Arguments.of("RotationType", RotationType.class),
                Arguments.of("DataKeyPairSpec", DataKeyPairSpec.class),
                Arguments.of("DataKeySpec", DataKeySpec.class),
                Arguments.of("EncryptionAlgorithmSpec", EncryptionAlgorithm.class),
                Arguments.of("SigningAlgorithmSpec", SigningAlgorithm.class),
                Arguments.of("AlgorithmSpec", WrappingAlgorithm.class),
                Arguments.of("WrappingKeySpec", WrappingKeySpec.class),
                Arguments.of("ExpirationModelType", ExpirationModel.class),
                Arguments.of("ImportType", ImportType.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enums")
    void javaEnumListsTheModelsValues(String shape, Class<? extends Enum<?>> type) {
        List<String> modelled = new ArrayList<>();
        JsonNode values = MODEL.shape(shape).get("enum");
        values.forEach(v -> modelled.add(v.asText()));

        List<String> java =
                Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();

        assertEquals(modelled, java);
    }
}
