package org.igdlab.lab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Watches this JVM while a benchmark runs: live threads (the JVM's own peak, exact) and heap in
 * use (sampled, so a peak between two samples or freed by a collection in between is missed),
 * and what the threads were at the thread peak, grouped by name with the numbers taken out.
 */
final class JvmSampler implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(20);

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private final int threadsBefore;
    private final long heapBefore;
    private volatile boolean running = true;
    private long peakHeap;
    private int peakSampledThreads;
    private Map<String, Integer> atPeak = Map.of();

    private JvmSampler() {
        threadsBefore = threads.getThreadCount();
        heapBefore = memory.getHeapMemoryUsage().getUsed();
        threads.resetPeakThreadCount();
        sampler = new Thread(this::sample, "bench-sampler");
        sampler.setDaemon(true);
    }

    static JvmSampler start() {
        JvmSampler s = new JvmSampler();
        s.sampler.start();
        return s;
    }

    private void sample() {
        while (running) {
            long heap = memory.getHeapMemoryUsage().getUsed();
            int live = threads.getThreadCount();
            synchronized (this) {
                peakHeap = Math.max(peakHeap, heap);
                if (live > peakSampledThreads) {
                    peakSampledThreads = live;
                    atPeak = groups();
                }
            }
            try {
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Map<String, Integer> groups() {
        Map<String, Integer> byName = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                byName.merge(info.getThreadName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
            }
        }
        return byName;
    }

    /** What was seen, from start to now. */
    synchronized Figures figures() {
        return new Figures(threadsBefore, threads.getPeakThreadCount(), heapBefore, peakHeap,
                memory.getHeapMemoryUsage().getMax(), atPeak);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param threadsBefore live threads when sampling began
     * @param peakThreads   the JVM's peak of live threads since then (includes the sampler itself)
     * @param heapBefore    heap in use when sampling began, bytes
     * @param peakHeap      the most heap in use at any sample, bytes
     * @param maxHeap       the heap limit (-Xmx), bytes; -1 when undefined
     * @param threadsAtPeak thread names (numbers as N) → how many, at the sample with the most threads
     */
    record Figures(int threadsBefore, int peakThreads, long heapBefore, long peakHeap, long maxHeap,
                   Map<String, Integer> threadsAtPeak) {

        Figures {
            threadsAtPeak = Map.copyOf(threadsAtPeak);
        }

        /** The largest thread groups at the peak, e.g. "TestNG-PoolService-N 200, sshj-Reader-N 200". */
        String largestGroups(int how) {
            Map<String, Integer> top = threadsAtPeak.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(how)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
            return top.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }
    }
}
