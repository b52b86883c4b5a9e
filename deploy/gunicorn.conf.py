"""gunicorn settings for Spravka behind nginx (docs/deploy.md).

Sync workers are right behind a buffering proxy: nginx hands over only
complete requests and takes answers at once, so a worker is never held by a
slow client, and searches are CPU-bound, where threads would only take
turns on the GIL.
"""

import os

# WEB_CONCURRENCY is the usual name platforms set; two per core suits
# CPU-bound searches that also read the index from disk.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
worker_class = "sync"

# A request that takes longer than this is stuck: the worker is replaced.
timeout = 30
graceful_timeout = 30
# Keep-alive connections come from nginx only (its upstream keepalive).
keepalive = 5

# Recycle workers: whatever a worker's memory gathered (caches, allocator
# fragmentation) is given back after a few thousand requests; the jitter keeps
# all workers from restarting at the same moment.
max_requests = 5000
max_requests_jitter = 500

# The request line and headers are limited as nginx limits them.
limit_request_line = 8190
limit_request_field_size = 16384

# Each worker opens the index itself (and follows rebuilds); preloading
# would share nothing that matters and delay a worker's first reload.
preload_app = False
wsgi_app = "web:create_app()"
# Behind one proxy (nginx): the site reads each reader's address from the
# header nginx adds, so that rate limits count readers, not nginx.
raw_env = [f"SPRAVKA_PROXY_HOPS={os.environ.get('SPRAVKA_PROXY_HOPS', '1')}"]
