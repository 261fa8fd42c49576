rc 0
cmdline [console=ttyAMA0 boot.verbose=1]
ram 40000000 60000000
ram 80000000 90000000
ram 200000000 201000000
reserved 4c000000 @DTB_END@ dtb
reserved 48000000 48010000 memreserve
reserved 0 1000 memreserve
reserved 4e000000 4e200000 optee@4e000000
reserved 4f000000 4f100000 secmon@4f000000
reserved 4f800000 4f801000 secmon@4f000000
reserved 48100000 48180000 initrd
reserved 49000000 49080000 module
reserved 49100000 49110000 module
reserved 49300000 49300800 module
module 48100000 48180000 [initrd]
module 49000000 49080000 [default-pager '${host-port}' '${device-port}' '$(task-create)' '$(task-resume)']
module 49100000 49110000 [ext2fs --readonly --host-priv-port=${host-port}]
module 49300000 49300800 []
dtb 4c000000 @DTB_END@
