using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Bidding.Silo.Tests.Cluster;

/// <summary>
/// A silo's network behind a switch: every connection Orleans makes or accepts (through whatever transport the silo
/// has, TestingHost's in-memory one here) passes through it, and once <see cref="Cut"/> they are all aborted and no new
/// one is made or kept, as for a machine whose process or cable is gone. Its peers see calls and probes fail at once.
/// </summary>
internal sealed class SiloNetwork
{
    private readonly ConcurrentDictionary<ConnectionContext, byte> _open = new();
    private volatile bool _cut;

    /// <summary>Wraps every connection factory and listener factory registered (call when the services are complete).</summary>
    public static void Install(IServiceCollection services)
    {
        var network = new SiloNetwork();
        services.AddSingleton(network);
        for (var i = 0; i < services.Count; i++)
        {
            var registered = services[i];
            if (!registered.IsKeyedService)
                continue;
            if (registered.ServiceType == typeof(IConnectionFactory))
            {
                services[i] = ServiceDescriptor.KeyedSingleton<IConnectionFactory>(registered.ServiceKey,
                    (sp, key) => new Factory(network, (IConnectionFactory)Create(sp, key, registered)));
            }
            else if (registered.ServiceType == typeof(IConnectionListenerFactory))
            {
                services[i] = ServiceDescriptor.KeyedSingleton<IConnectionListenerFactory>(registered.ServiceKey,
                    (sp, key) => new ListenerFactory(network, (IConnectionListenerFactory)Create(sp, key, registered)));
            }
        }
    }

    private static object Create(IServiceProvider services, object? key, ServiceDescriptor registered) =>
        registered.KeyedImplementationInstance
            ?? registered.KeyedImplementationFactory?.Invoke(services, key)
            ?? ActivatorUtilities.CreateInstance(services, registered.KeyedImplementationType!);

    /// <summary>Aborts every connection and refuses any new one, for good.</summary>
    public void Cut()
    {
        _cut = true;
        foreach (var connection in _open.Keys)
            Drop(connection);
    }

    private ConnectionContext? Track(ConnectionContext? connection)
    {
        if (connection is null)
            return null;
        _open[connection] = 0;
        connection.ConnectionClosed.Register(() => _open.TryRemove(connection, out _));
        if (_cut)
            Drop(connection);
        return connection;
    }

    private void Drop(ConnectionContext connection)
    {
        _open.TryRemove(connection, out _);
        connection.Abort(new ConnectionAbortedException("The silo's network was cut."));
    }

    private static SocketException Unreachable() => new((int)SocketError.NetworkUnreachable);

    private sealed class Factory(SiloNetwork network, IConnectionFactory inner) : IConnectionFactory
    {
        public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
        {
            if (network._cut)
                throw Unreachable();
            return network.Track(await inner.ConnectAsync(endpoint, cancellationToken))!;
        }
    }

    private sealed class ListenerFactory(SiloNetwork network, IConnectionListenerFactory inner) : IConnectionListenerFactory
    {
        public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
            new Listener(network, await inner.BindAsync(endpoint, cancellationToken));
    }

    private sealed class Listener(SiloNetwork network, IConnectionListener inner) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default) =>
            network.Track(await inner.AcceptAsync(cancellationToken));

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
