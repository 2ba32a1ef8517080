/**
 * The gateway benchmark: how much latency Mainspring's OpenAI-compatible gateway adds in front of
 * an upstream that answers at once. {@link dev.mainspring.bench.GatewayBench} is the entry point;
 * {@code bench/README.md} says how to run it and what it found.
 */
package dev.mainspring.bench;
