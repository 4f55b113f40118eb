"""English dates as the desk writes them: "4 July 2019", "4 Jul 2019 14:05" (Django's own English
formats are American: "July 4, 2019", "07/04/2019"). Other languages use Django's formats."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
