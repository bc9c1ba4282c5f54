"""Use cases: the one API both front ends call.

Each public method runs one transaction and writes its audit event; results are plain
frozen dataclasses, never ORM instances, so they can cross thread boundaries.
"""
