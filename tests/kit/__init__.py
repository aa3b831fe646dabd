"""The developer kit: stamped test clips (``synth``, ``stamp``) for the tests and the benchmarks.

It lives beside the tests, not in the shipped core: nothing here is needed to review real
footage, and the installed app does not carry it. Clips are encoded with PyAV, which the app
installs anyway, so making them needs no FFmpeg binary.
"""
