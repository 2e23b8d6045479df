package org.tasl.weights;

import java.nio.file.Path;

/**
 * What {@code ./tasl models} shows about a known backbone.
 *
 * @param source Maven coordinates of the jar that ships the weights
 * @param jarBytes size of that jar in the local Maven repository, or -1 when not downloaded
 * @param cachePath the converted folder (present or not)
 */
public record BackboneInfo(String name, long parameters, int hidden, int layers, boolean cached, String source,
        long jarBytes, Path cachePath, boolean mlmHead, String description) {}
