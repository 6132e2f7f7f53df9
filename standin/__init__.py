"""``mentionflow teacher serve``: a local STAND-IN for a frontier LLM teacher.

It speaks the OpenAI Chat Completions API (the same requests the teacher client sends to a
real provider) and answers from the strongest local pipeline this machine has: spaCy NER for
extraction; for normalization the KB (aliases, types, priors, descriptions) scored with the
context of the mention. It is NOT a frontier model: it exists so that tests, the demo and the
distillation pipeline run end to end here. A real API is a configuration change
(``MENTIONFLOW_TEACHER_BASE_URL``, ``_MODEL``, ``_API_KEY``).
"""
