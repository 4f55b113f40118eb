"""Reserved for the scale work: search indexes and denormalised queue columns.

Empty until that work lands; kept in the chain so that parallel work never creates conflicting leaves.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0005_triage")]

    operations = []
