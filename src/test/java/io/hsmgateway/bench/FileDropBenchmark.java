package io.hsmgateway.bench;

import com.sun.net.httpserver.HttpServer;
import io.hsmgateway.support.Gateway;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: drains one generated CSV (default 100,000 rows, IMAGE template, {@value #LINKS} distinct media
 * links) through the file-drop door in sandbox mode and prints rows/second, peak memory and HEAD probes.
 * Run with {@code bench/file-drop.sh [rows]}.
 */
public final class FileDropBenchmark {

    static final int LINKS = 10;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = Files.createTempDirectory("hsm-bench-");
        Path inbox = work.resolve("inbox");

        AtomicInteger heads = new AtomicInteger();
        HttpServer media = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        media.createContext("/", exchange -> {
            if ("HEAD".equals(exchange.getRequestMethod())) {
                heads.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.getResponseHeaders().add("Content-Length", "1000");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        media.start();

        Map<String, String> properties = Gateway.defaults(); // sandbox: no hsm.whatsapp.base-url
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "200");
        properties.put("hsm.inbox.stable-ms", "500");
        properties.put("hsm.media.probe-cache-seconds", "3600"); // the drain outlasts the default 60 s
        properties.put("hsm.throttle.per-number", "0"); // measures the gateway, not WhatsApp's per-number cap
        try (Gateway gateway = Gateway.start(properties)) {
            gateway.website("bench", "3000001", "token-bench");
            gateway.template("bench", "promo", """
                    {"name":"promo","language":"es_AR","type":"IMAGE","variables":["name"]}""");

            Path folder = Files.createDirectories(inbox.resolve("bench"));
            Path part = folder.resolve("campaign.csv.part");
            try (BufferedWriter out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                out.write("templateId;destination;media.link;params.name\n");
                for (int i = 0; i < rows; i++) {
                    out.write("promo;54911" + String.format("%08d", i) + ";http://127.0.0.1:" + media.getAddress().getPort()
                            + "/img" + (i % LINKS) + ".png;\"Customer " + i + "\"\n");
                }
            }
            System.out.printf("generated %,d rows (%,d bytes)%n", rows, Files.size(part));

            long start = System.nanoTime();
            Files.move(part, folder.resolve("campaign.csv"));
            Path report = folder.resolve(".done").resolve("campaign.csv.report.csv");
            while (!Files.exists(report) || !Files.exists(folder.resolve(".done").resolve("campaign.csv"))) {
                Thread.sleep(200); // a benchmark, not a test: plain polling
            }
            double seconds = (System.nanoTime() - start) / 1e9;

            Map<String, Integer> codes = new TreeMap<>();
            try (Reader reader = Files.newBufferedReader(report);
                 CSVParser parser = CSVParser.builder().setReader(reader)
                         .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
                for (CSVRecord record : parser) {
                    codes.merge(record.get("code"), 1, Integer::sum);
                }
            }
            System.out.printf("drained %,d rows in %.1f s: %.0f rows/s%n", rows, seconds, rows / seconds);
            System.out.println("report codes: " + codes);
            System.out.printf("HEAD probes: %d (distinct links: %d)%n", heads.get(), LINKS);
            System.out.printf("peak heap used: %,d MB (max heap %,d MB)%n", peakHeap() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("process " + procStatus("VmHWM") + ", " + procStatus("VmRSS"));
        } finally {
            media.stop(0);
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static String procStatus(String field) throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return field + ": n/a";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith(field + ":"))
                .map(l -> l.replaceAll("\\s+", " ")).findFirst().orElse(field + ": n/a");
    }
}
