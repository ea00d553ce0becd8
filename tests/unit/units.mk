# Host unit tests: test_<name>.c linked with unit_<name>_SRCS (and host_stubs.c).
UNIT_TESTS := frame pv_image pv_layout modcfg format
unit_frame_SRCS     := hv/frame.c
unit_pv_image_SRCS  := hv/pv_image.c
unit_pv_layout_SRCS := hv/pv_layout.c
unit_modcfg_SRCS    := hv/modcfg.c hv/lib/strutil.c
unit_format_SRCS    := hv/lib/format.c
UNIT_TESTS += evtchn bvt pvclock
unit_evtchn_SRCS    := hv/evtchn.c
unit_bvt_SRCS       := hv/bvt.c
unit_pvclock_SRCS   := hv/pvclock.c
# xenstored's protocol core (apps/dom0/xenstored), tested through its API
XSD_SRCS := $(wildcard apps/dom0/xenstored/*.c) tests/unit/test_xenstored_lib.c
UNIT_TESTS += xenstored xenstored_fuzz
unit_xenstored_SRCS      := $(XSD_SRCS)
unit_xenstored_fuzz_SRCS := $(XSD_SRCS)
$(patsubst %,$(O)/host/tests/unit/test_xenstored%.o,_lib _fuzz) \
$(O)/host/tests/unit/test_xenstored.o: HOST_CFLAGS += -Iapps/dom0/xenstored
UNIT_TESTS += heap
unit_heap_SRCS      := hv/heap.c
unit_evtchn_SRCS    += hv/evtchn_fifo.c
# netif (net/): the bridge's table and the ring arithmetic
UNIT_TESTS += bridge netif_ring
unit_bridge_SRCS     := net/bridge.c
unit_netif_ring_SRCS :=
UNIT_TESTS += evtchn_fifo
unit_evtchn_fifo_SRCS := hv/evtchn.c hv/evtchn_fifo.c
UNIT_TESTS += xlcfg
unit_xlcfg_SRCS := images/xlcfg.c
