package dev.stemma.stack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j Community embedded for the local stack: Bolt only (no HTTP), on loopback,
 * unencrypted, without authentication, with a bounded page cache and a short transaction
 * log retention. Stops cleanly on SIGTERM.
 *
 * <p>Usage: {@code Neo4jLauncher <home-dir> [--bolt-address host:port] [--pagecache size]}.
 * Environment fallbacks: {@code STEMMA_NEO4J_BOLT_ADDRESS} (default 127.0.0.1:7687) and
 * {@code STEMMA_NEO4J_PAGECACHE} (default 1g). The heap is the JVM's ({@code -Xmx}).
 */
public final class Neo4jLauncher {
  private static final String DEFAULT_BOLT_ADDRESS = "127.0.0.1:7687";
  private static final String DEFAULT_PAGECACHE = "1g";
  private static final String TX_LOG_RETENTION = "2 files";
  private static final long TX_LOG_ROTATION_BYTES = 64L * 1024 * 1024;
  private static final Duration BOLT_SHUTDOWN_WAIT = Duration.ofSeconds(1);
  private static final PrintStream OUT = System.out;

  private Neo4jLauncher() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("stemma-neo4j: " + e.getMessage());
      System.err.println(
          "usage: Neo4jLauncher <home-dir> [--bolt-address host:port] [--pagecache size]");
      System.exit(2);
      return;
    }
    DatabaseManagementService service;
    try {
      service = start(options);
    } catch (RuntimeException | java.io.IOException e) {
      e.printStackTrace();
      System.err.println("stemma-neo4j: failed to start: " + rootMessage(e));
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(service, stopped), "stemma-neo4j-shutdown"));
    awaitForever(stopped);
  }

  private static DatabaseManagementService start(Options o) throws java.io.IOException {
    Path home = o.home.toAbsolutePath().normalize();
    Files.createDirectories(home);
    OUT.printf(
        "stemma-neo4j: starting Neo4j %s; home %s; bolt %s:%d; page cache %s; max heap %dm%n",
        neo4jVersion(), home, o.boltHost, o.boltPort, o.pagecacheText,
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    SocketAddress bolt = new SocketAddress(o.boltHost, o.boltPort);
    DatabaseManagementService service =
        new DatabaseManagementServiceBuilder(home)
            .setUserLogProvider(new Log4jLogProvider(OUT, Level.INFO))
            .setConfig(GraphDatabaseSettings.default_listen_address, new SocketAddress(o.boltHost))
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, bolt)
            .setConfig(BoltConnector.advertised_address, bolt)
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            // Bolt otherwise lingers ~10 s on shutdown waiting for idle connections and threads.
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, BOLT_SHUTDOWN_WAIT)
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, BOLT_SHUTDOWN_WAIT)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, o.pagecacheBytes)
            .setConfig(GraphDatabaseSettings.keep_logical_logs, TX_LOG_RETENTION)
            .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, TX_LOG_ROTATION_BYTES)
            .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            .setConfig(GraphDatabaseSettings.check_point_interval_time, Duration.ofMinutes(5))
            .build();
    GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
      service.shutdown();
      throw new IllegalStateException("database 'neo4j' did not become available");
    }
    OUT.printf("stemma-neo4j: ready; bolt://%s:%d (no auth, no TLS)%n", o.boltHost, o.boltPort);
    return service;
  }

  private static void stop(DatabaseManagementService service, CountDownLatch stopped) {
    OUT.println("stemma-neo4j: stopping");
    try {
      service.shutdown();
      OUT.println("stemma-neo4j: stopped");
    } catch (RuntimeException e) {
      System.err.println("stemma-neo4j: shutdown failed: " + rootMessage(e));
    } finally {
      OUT.flush();
      stopped.countDown();
    }
  }

  private static void awaitForever(CountDownLatch stopped) {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String neo4jVersion() {
    String v = DatabaseManagementService.class.getPackage().getImplementationVersion();
    return v == null ? "5.26" : v;
  }

  /** The innermost cause's message: the one that names the actual problem. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
  }

  /** Parsed command line, with environment fallbacks. */
  private static final class Options {
    Path home;
    String boltHost;
    int boltPort;
    String pagecacheText;
    long pagecacheBytes;

    static Options parse(String[] args) {
      Options o = new Options();
      String bolt = envOr("STEMMA_NEO4J_BOLT_ADDRESS", DEFAULT_BOLT_ADDRESS);
      o.pagecacheText = envOr("STEMMA_NEO4J_PAGECACHE", DEFAULT_PAGECACHE);
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--bolt-address")) {
          bolt = valueAfter(args, ++i, a);
        } else if (a.equals("--pagecache")) {
          o.pagecacheText = valueAfter(args, ++i, a);
        } else if (a.startsWith("--")) {
          throw new IllegalArgumentException("unknown option " + a);
        } else if (o.home == null) {
          o.home = Path.of(a);
        } else {
          throw new IllegalArgumentException("unexpected argument " + a);
        }
      }
      if (o.home == null) {
        throw new IllegalArgumentException("the Neo4j home directory is required");
      }
      o.pagecacheBytes = parseBytes(o.pagecacheText, "page cache size");
      int colon = bolt.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("bolt address must be host:port, got '" + bolt + "'");
      }
      o.boltHost = bolt.substring(0, colon);
      o.boltPort = parsePort(bolt.substring(colon + 1), bolt);
      return o;
    }

    private static String valueAfter(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static String envOr(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int parsePort(String text, String whole) {
      try {
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in bolt address '" + whole + "'");
      }
    }

    /** Parses sizes such as 512m, 1g, 1048576 (bytes). */
    static long parseBytes(String text, String what) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      long unit = 1;
      char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
      if (last == 'k' || last == 'm' || last == 'g') {
        unit = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
        t = t.substring(0, t.length() - 1);
      }
      try {
        long n = Long.parseLong(t);
        if (n <= 0) {
          throw new NumberFormatException();
        }
        return n * unit;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " must look like 512m or 1g, got '" + text + "'");
      }
    }
  }
}
