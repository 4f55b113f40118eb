"""Reserved for the triage: check-worthiness model version, claims already checked.

Empty until that work lands; kept in the chain so that parallel work never creates conflicting leaves.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0004_consensus")]

    operations = []
