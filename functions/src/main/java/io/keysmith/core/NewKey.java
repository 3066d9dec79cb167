package io.keysmith.core;

import java.util.List;

/** CreateKey's request, as the core sees it; null members take AWS's defaults. */
public record NewKey(String description, String keySpec, String keyUsage, String origin, List<Tag> tags) {
}
