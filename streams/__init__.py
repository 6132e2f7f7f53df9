"""The contract between mentionflow services: topic names, message schemas, codecs, DLQ envelope.

This package imports nothing else from the project. Bytes become objects only in
:mod:`streams.codec`; everything downstream works on the frozen schemas of
:mod:`streams.schemas`.
"""
