package io.keysmith.api;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The tests' ObjectMapper, for reading responses and writing requests; the api itself uses JsonTrees. */
final class TestJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {}
}
