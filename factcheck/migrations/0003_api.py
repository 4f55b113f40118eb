"""Reserved for the REST API tokens and anything else the API issue adds.

Empty until that work lands; kept in the chain so that parallel work never creates conflicting leaves.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("factcheck", "0002_roles_and_scales")]

    operations = []
