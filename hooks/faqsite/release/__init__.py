"""The release stage: check a built site, publish it atomically and serve it with nginx.

It works on the files of a built site only and imports nothing from the generation step (site, content,
render, export, ...), so it can check and ship a site whoever made it.
"""
