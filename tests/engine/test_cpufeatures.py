"""cine.engine.cpufeatures: the x86-64-v3 level read from /proc/cpuinfo's flags."""
from cine.engine.cpufeatures import X86_64_V3, cpu_flags, supports

# the head of /proc/cpuinfo on a Haswell (the first Intel core of the level) and on a Sandy
# Bridge (AVX, but no AVX2, BMI, FMA, MOVBE)
HASWELL = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz
flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology cpuid pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm invpcid_single fsgsbase bmi1 avx2 smep bmi2 erms invpcid xsaveopt
bogomips\t: 4988.26

processor\t: 1
flags\t\t: fpu
"""
SANDY_BRIDGE = "flags\t\t: fpu sse sse2 pni ssse3 cx16 sse4_1 sse4_2 popcnt xsave avx lahf_lm\n"


def test_flags_of_the_first_processor():
    flags = cpu_flags(HASWELL.splitlines())
    assert "avx2" in flags and "fma" in flags and "fpu" in flags
    assert X86_64_V3 <= flags
    assert cpu_flags(["processor : 0", "model name : x"]) == frozenset()


def test_the_level_needs_every_feature():
    assert supports("x86-64-v3", cpu_flags(HASWELL.splitlines()))
    assert not supports("x86-64-v3", cpu_flags(SANDY_BRIDGE.splitlines()))
    for missing in ("fma", "avx2", "movbe", "abm", "bmi2", "xsave"):
        assert not supports("x86-64-v3", cpu_flags(HASWELL.splitlines()) - {missing}), missing


def test_unknown_levels_are_never_supported():
    assert not supports("x86-64-v4", cpu_flags(HASWELL.splitlines()))
    assert not supports("generic", frozenset())

