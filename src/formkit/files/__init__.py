"""Files at the edges: bounded reading of what the user names, safe writing of what formkit makes.

``read`` (regular files only, size-limited), ``target`` (where an output may go), ``lock``
(one writer per output), ``atomic`` (a file or a folder appears whole or not at all,
and a rebuild replaces only what formkit wrote).
"""
