package io.keysmith.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keysmith.core.Page;

/** The paging members every List operation ends with. */
final class Pages {
    private Pages() {
    }

    static ObjectNode finish(ObjectNode out, Page<?> page) {
        out.put("Truncated", page.truncated());
        if (page.truncated()) {
            out.put("NextMarker", page.nextMarker());
        }
        return out;
    }
}
