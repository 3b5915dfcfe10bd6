package dateline.cluster;

import java.util.Collections;
import java.util.List;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node whose plugins come from the classpath instead of a `plugins/` folder.
 *
 * <p>The distribution's `bin/opensearch` loads the Netty transport and the common analyzers
 * as modules unpacked on disk; here the same jars are Maven dependencies, so they are handed
 * to {@link Node}'s protected constructor as classes. Starting a node this way skips the
 * distribution's `Bootstrap` (security manager, bootstrap checks, the refusal to run as root):
 * this is a development and CI cluster on loopback, never a production one.
 */
final class LocalNode extends Node {
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    LocalNode(Settings settings, String name) {
        super(environment(settings, name), PLUGINS, true);
    }

    /**
     * The node-and-cluster-id log converter is a JVM-wide singleton that only the first node
     * may set; with several nodes in one JVM the others would log a stack trace per join.
     */
    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {}

    private static Environment environment(Settings settings, String name) {
        return InternalSettingsPreparer.prepareEnvironment(settings, Collections.emptyMap(), null, () -> name);
    }
}
