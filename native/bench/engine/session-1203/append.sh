#!/usr/bin/env bash
# Calls 2-5: append one part of the byte-shuffled, xz'd f16 BERT-base (byte_shuffle.py) to /tmp/g/parts.
set -u; N=$1
cp .device/bert/p$N/part /tmp/g/parts/p$N && ls -la /tmp/g/parts && tail -3 /tmp/g/perf/perf.log | cut -c1-300
