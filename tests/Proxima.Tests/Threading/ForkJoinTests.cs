using Proxima.Threading;

namespace Proxima.Tests.Threading;

public class ForkJoinTests
{
    [Fact]
    public void JoinWaitsForTheForkedBranchAndSeesItsWrites()
    {
        var fork = new ForkJoin();
        for (int round = 0; round < 200; round++)
        {
            var data = new int[1000];
            fork.Fork(() =>
            {
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = i + round;
                }
            });
            long local = 0;
            for (int i = 0; i < 1000; i++)
            {
                local += i;
            }

            fork.Join();
            Assert.Equal(local + (1000L * round), data.Sum(x => (long)x));
        }
    }

    [Fact]
    public void ExceptionOfTheForkedBranchIsRethrownByJoinAndTheInstanceStaysUsable()
    {
        var fork = new ForkJoin();
        fork.Fork(() => throw new InvalidOperationException("branch failed"));
        var e = Assert.Throws<InvalidOperationException>(fork.Join);
        Assert.Equal("branch failed", e.Message);

        bool ran = false;
        fork.Fork(() => ran = true);
        fork.Join();
        Assert.True(ran);
    }

    [Fact]
    public void ForkingTwiceWithoutJoinIsRefusedAndJoinWithoutForkIsANoOp()
    {
        var fork = new ForkJoin();
        fork.Join();
        int runs = 0;
        fork.Fork(() => Interlocked.Increment(ref runs));
        Assert.Throws<InvalidOperationException>(() => fork.Fork(() => Interlocked.Increment(ref runs)));
        fork.Join();
        Assert.Equal(1, runs);
    }

    [Fact]
    public void NestedAndConcurrentForksAllComplete()
    {
        // Forks from inside a forked branch, and from several threads at once: the helper takes one branch at a time and
        // everything else runs inline, so nothing waits on itself.
        var totals = new long[6];
        Parallel.For(0, totals.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, t =>
        {
            var outer = new ForkJoin();
            var inner = new ForkJoin();
            for (int round = 0; round < 50; round++)
            {
                long a = 0, b = 0, c = 0;
                outer.Fork(() =>
                {
                    inner.Fork(() => c = 3);
                    a = 1;
                    inner.Join();
                });
                b = 2;
                outer.Join();
                totals[t] += a + b + c;
            }
        });

        Assert.All(totals, x => Assert.Equal(50 * 6, x));
    }

    [Fact]
    public void JoiningABranchThatOutlastsTheSpinAllocatesNothing()
    {
        // The caller spins for SpinMicroseconds, then blocks; blocking must not allocate either (it once did, lazily).
        var fork = new ForkJoin();
        Action quick = () => { };
        Action slow = () => Thread.Sleep(3 * ForkJoin.SpinMicroseconds / 1000);
        fork.Fork(quick);
        fork.Join();
        long before = GC.GetAllocatedBytesForCurrentThread();
        fork.Fork(slow);
        fork.Join();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
