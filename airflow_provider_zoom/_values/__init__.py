"""
Plain-Python values every layer reads the same way: dates and Zoom's one-month windows
(:mod:`.dates`), argument values after templating (:mod:`.arguments`), replies without credentials
(:mod:`.replies`). No HTTP and no Airflow here.
"""
