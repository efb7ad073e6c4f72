"""Settings of the benchmarks (bench/): production settings as the environment gives them,
plus a "hello" baseline view served through the same middleware (bench/urls.py; mounted
here only, never in the registry's own URLs), and rate limits raised so a benchmark's
traffic from one address is not refused — raised, not removed: counting every request
is part of what a page costs."""

from conocer.settings import *  # noqa: F403
from conocer.settings import REST_FRAMEWORK, VAR_DIR

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = VAR_DIR / "bench-static"  # collected by the benchmark, not by `make run`

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
    scope: "100000000/min" for scope in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]}}
