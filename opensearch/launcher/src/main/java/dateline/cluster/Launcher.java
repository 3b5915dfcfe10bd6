package dateline.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opensearch.common.settings.Settings;
import org.opensearch.node.Node;

/**
 * Starts a small OpenSearch cluster on 127.0.0.1 in this JVM and keeps it up until the
 * process is told to stop (SIGTERM runs the shutdown hook, which closes every node).
 *
 * <p>Usage: {@code Launcher DIR NODES HTTP_PORT TRANSPORT_PORT}. Node {@code i} listens on
 * {@code HTTP_PORT + i} and {@code TRANSPORT_PORT + i} and keeps its data in
 * {@code DIR/node-i}. While running, the launcher watches {@code DIR/control/}: a file
 * {@code stop-node-i} closes that node (as a crashed machine would leave the cluster) and
 * {@code start-node-i} brings it back on its old data. Tests use this to stop a node in the
 * middle of a push; {@code scripts/opensearch-cluster.sh stop-node|start-node} writes the files.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Launcher DIR NODES HTTP_PORT TRANSPORT_PORT");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int count = Integer.parseInt(args[1]);
        int httpPort = Integer.parseInt(args[2]);
        int transportPort = Integer.parseInt(args[3]);

        List<Settings> settings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            settings.add(nodeSettings(dir, i, count, httpPort, transportPort));
        }
        Node[] nodes = new Node[count];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(nodes), "close-nodes"));
        for (int i = 0; i < count; i++) {
            nodes[i] = start(settings.get(i), i);
        }
        System.err.println("launcher: " + count + " nodes started, http on 127.0.0.1:" + httpPort);
        watchControl(dir.resolve("control"), nodes, settings);
    }

    /** The settings of node {@code i}: loopback only, every node a cluster-manager candidate. */
    static Settings nodeSettings(Path dir, int i, int count, int httpPort, int transportPort) {
        List<String> seeds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            seeds.add("127.0.0.1:" + (transportPort + j));
            names.add(nodeName(j));
        }
        Path home = dir.resolve(nodeName(i));
        return Settings.builder()
            .put("cluster.name", "dateline-dev")
            .put("node.name", nodeName(i))
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", Integer.toString(httpPort + i))
            .put("transport.port", Integer.toString(transportPort + i))
            .putList("discovery.seed_hosts", seeds)
            .putList("cluster.initial_cluster_manager_nodes", names)
            // The disk is shared with other work: a full-ish disk must not make shards read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    }

    static String nodeName(int i) {
        return "node-" + i;
    }

    private static Node start(Settings settings, int i) throws Exception {
        Files.createDirectories(Path.of(settings.get("path.home"), "config"));
        Files.createDirectories(Path.of(settings.get("path.home"), "plugins"));
        Files.createDirectories(Path.of(settings.get("path.home"), "modules"));
        Node node = new LocalNode(settings, nodeName(i));
        node.start();
        System.err.println("launcher: " + nodeName(i) + " started");
        return node;
    }

    /** Polls the control folder for stop/start requests until the JVM is told to exit. */
    private static void watchControl(Path control, Node[] nodes, List<Settings> settings) throws Exception {
        Files.createDirectories(control);
        while (true) {
            for (int i = 0; i < nodes.length; i++) {
                Path stop = control.resolve("stop-" + nodeName(i));
                Path begin = control.resolve("start-" + nodeName(i));
                if (Files.deleteIfExists(stop) && nodes[i] != null) {
                    close(nodes[i]);
                    nodes[i] = null;
                    System.err.println("launcher: " + nodeName(i) + " stopped");
                }
                if (Files.deleteIfExists(begin) && nodes[i] == null) {
                    nodes[i] = start(settings.get(i), i);
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static void closeAll(Node[] nodes) {
        for (Node node : nodes) {
            if (node != null) {
                close(node);
            }
        }
    }

    private static void close(Node node) {
        try {
            node.close();
            node.awaitClose(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            System.err.println("launcher: closing a node failed: " + e);
        }
    }
}
