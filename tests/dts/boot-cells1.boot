rc 0
cmdline [console=ttyS0,115200 earlycon root=/dev/ram0 a-rather-long-command-line-option=with-a-value-that-keeps-going-and-going and-more-words to-make-it-longer than-usual]
ram 0 8000000
ram 10000000 14000000
ram 30000000 31000000
reserved 4c000000 @DTB_END@ dtb
reserved 7f000000 7f100000 memreserve
reserved 7e000000 7e002000 memreserve
reserved 7d000000 7d003000 memreserve
reserved 1000 4000 fw@1000
reserved 4000000 4400000 initrd
reserved 5000000 5010000 module
reserved 5100000 5120000 module
module 4000000 4400000 [initrd]
module 5000000 5010000 [first]
module 5100000 5120000 [second with args]
dtb 4c000000 @DTB_END@
