#!/usr/bin/env python3
"""Where the training thread's time goes, from a JFR recording of `djl-ssl bench`.

    java -XX:StartFlightRecording=settings=profile,filename=/tmp/simclr.jfr -jar djl-ssl.jar bench ...
    python3 benchmarks/jfr-top.py /tmp/simclr.jfr [thread-name]

Counts jdk.ExecutionSample (thread running Java code) and jdk.NativeMethodSample (thread inside a
native method: for DJL that is libtorch, entered through ai.djl.pytorch.jni.PyTorchLibrary) on
one thread (default "main", the training loop). Prints the Java/native split, the top native
entry points, the top Java frames (self time) and the top djl-ssl frames on the stack (inclusive).
"""
import collections
import os
import re
import subprocess
import sys

path = sys.argv[1]
thread = sys.argv[2] if len(sys.argv) > 2 else "main"
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", "--stack-depth", "64", path],
                      capture_output=True, text=True, check=True).stdout
events = re.split(r"\n(?=jdk\.(?:ExecutionSample|NativeMethodSample) \{)", text)
counts = collections.Counter()
native_top, java_top, ours_incl, ours_in_java = (collections.Counter() for _ in range(4))
frame_re = re.compile(r"^\s+([\w$.<>]+)\(.*\)\s+line:", re.M)
for ev in events:
    kind = "native" if ev.startswith("jdk.NativeMethodSample") else "java" if ev.startswith("jdk.ExecutionSample") else None
    if kind is None or f'"{thread}"' not in ev.split("stackTrace")[0]:
        continue
    frames = frame_re.findall(ev)
    if not frames:
        continue
    counts[kind] += 1
    (native_top if kind == "native" else java_top)[frames[0]] += 1
    seen = set()
    for f in frames:
        if f.startswith("io.github.djlssl") and f not in seen:
            ours_incl[f] += 1
            seen.add(f)
            if kind == "java":
                ours_in_java[f] += 1
total = sum(counts.values()) or 1
print(f"thread {thread}: {total} samples, {100 * counts['native'] / total:.1f} % in native methods (libtorch via JNI), "
      f"{100 * counts['java'] / total:.1f} % in Java code")
for title, c in [("top native entry points", native_top), ("top Java frames (self)", java_top),
                 ("djl-ssl frames on the stack (inclusive, all samples)", ours_incl),
                 ("djl-ssl frames on the stack of Java-code samples", ours_in_java)]:
    print(f"\n{title}:")
    for name, n in c.most_common(int(os.environ.get("TOP", "12"))):
        print(f"  {100 * n / total:5.1f} %  {name}")
