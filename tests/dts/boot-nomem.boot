rc -6
cmdline [no memory here]
reserved 4c000000 @DTB_END@ dtb
dtb 4c000000 @DTB_END@
