"""What ``layerscope serve`` needs besides :mod:`layerscope.serve`: the server
(:mod:`layerscope.web.server`), its page templates and the entry point of each session's
process (:mod:`layerscope.web.session`)."""
