"""Reserved for the consensus: proposed verdicts, reviewer reliability.

Empty until that work lands; kept in the chain so that parallel work never creates conflicting leaves.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0003_api")]

    operations = []
