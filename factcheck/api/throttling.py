"""Rate limits read from settings at request time (FACTCHECK_API_ANON_RATE, FACTCHECK_API_USER_RATE).

DRF's own throttles read their rates once, at import; these follow the settings, so tests and
deployments can change them.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling


class AnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self):
        return settings.FACTCHECK_API_ANON_RATE


class UserRateThrottle(throttling.UserRateThrottle):
    def get_rate(self):
        return settings.FACTCHECK_API_USER_RATE
