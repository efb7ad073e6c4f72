"""A cache backend that behaves like a stopped Redis: every call raises."""

from django.core.cache.backends.base import BaseCache
from redis.exceptions import ConnectionError as RedisConnectionError


class UnreachableCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _refuse(self, *args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    get = set = add = delete = incr = clear = get_many = set_many = touch = has_key = _refuse
