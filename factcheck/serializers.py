"""A JSON serialization format for backups that keeps timestamps exact.

Django's JSON encoder rounds datetimes to milliseconds (for JavaScript); a backup must give back every
value exactly, so this format writes full ISO 8601 with microseconds. Registered as "json-exact" in
SERIALIZATION_MODULES and used by `backup_desk`.
"""

import datetime

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactJSONEncoder)
        super()._init_options()


Deserializer = JSONDeserializer
