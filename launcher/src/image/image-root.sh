#!/usr/bin/env bash
# The image's base layer, made without a registry or a Docker daemon (neither is reachable where we build):
# a jlink'ed Java runtime of the build JDK plus the shared libraries it and RocksDB's JNI library load, copied
# from the build host (glibc x86_64), an /etc/passwd naming the non-root user, and a world-writable /tmp.
# Jib puts this folder under the application layers (FROM scratch). Reused when present: delete
# target/image-root to rebuild it.
set -euo pipefail
JAVA_HOME_DIR="$1"; OUT="$2"
if [[ -x "$OUT/opt/java/bin/java" ]]; then exit 0; fi
rm -rf "$OUT"; mkdir -p "$OUT/opt" "$OUT/etc" "$OUT/tmp" "$OUT/data"
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,\
java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,\
jdk.crypto.cryptoki,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.security.jgss,\
jdk.unsupported,jdk.zipfs
"$JAVA_HOME_DIR/bin/jlink" --add-modules "$MODULES" --output "$OUT/opt/java" --strip-debug --no-header-files \
  --no-man-pages --compress=2
# Every shared library the runtime's binaries and libraries need, plus what RocksDB's and JNA's JNI code needs.
{ find "$OUT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -not -regex '.*\(awt\|splash\|font\|jsound\|lcms\|jpeg\|mlib\).*' \
    -exec ldd {} \; 2>/dev/null || true; \
  echo /lib/x86_64-linux-gnu/libstdc++.so.6 /lib/x86_64-linux-gnu/libgcc_s.so.1; } \
  | grep -o '/[^ ]*\.so[^ ]*' | grep -v "^$OUT" | sort -u | while read -r lib; do
    [[ -e "$lib" ]] || continue
    mkdir -p "$OUT$(dirname "$lib")"
    cp -L "$lib" "$OUT$lib"
  done
[[ -e /lib64/ld-linux-x86-64.so.2 ]] && { mkdir -p "$OUT/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$OUT/lib64/"; }
printf 'root:x:0:0:root:/root:/sbin/nologin\neventpipe:x:65532:65532:eventpipe:/data:/sbin/nologin\n' > "$OUT/etc/passwd"
printf 'root:x:0:\neventpipe:x:65532:\n' > "$OUT/etc/group"
chmod 1777 "$OUT/tmp"
