using System.Net.WebSockets;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.NativeApi;

/// <summary>One attach over a WebSocket (<see cref="AttachProtocol"/>): output out, input in, until the run ends or the
/// client goes away. Never leaves the engine's attachment behind: the caller disposes it.</summary>
internal static class AttachSession
{
    private static readonly TimeSpan s_closePatience = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(WebSocket socket, IContainerAttachment attachment, CancellationToken aborted)
    {
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var input = ReceiveAsync(socket, attachment, gone);
        var buffer = new byte[1 + 8192];
        try
        {
            while (await attachment.ReadAsync(gone.Token) is { } chunk)
            {
                if (buffer.Length < chunk.Data.Length + 1) buffer = new byte[chunk.Data.Length + 1];
                buffer[0] = chunk.Stream == LogStream.Stderr ? AttachProtocol.Stderr : AttachProtocol.Stdout;
                chunk.Data.CopyTo(buffer.AsMemory(1));
                await socket.SendAsync(buffer.AsMemory(0, chunk.Data.Length + 1), WebSocketMessageType.Binary, true, gone.Token);
            }
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, AttachProtocol.EndedDescription, gone.Token);
            // The client answers the close; a client that does not is not waited for long.
            await input.WaitAsync(s_closePatience, aborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or IOException)
        {
            // The client went away, or did not finish the close: the attachment is disposed by the caller.
        }
        finally
        {
            await gone.CancelAsync();
            try { await input; }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException) { }
        }
    }

    /// <summary>The client's messages are the container's stdin; its close ends that input (or, for an attach
    /// without input, the attach). A client that drops the connection ends the attach.</summary>
    private static async Task ReceiveAsync(WebSocket socket, IContainerAttachment attachment, CancellationTokenSource gone)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), gone.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (attachment.Stdin) await attachment.CloseStdinAsync(gone.Token);
                    else if (socket.State == WebSocketState.CloseReceived) await gone.CancelAsync();
                    return;
                }
                // Without input taken (no stdin asked, or none to write to) what the client sends is dropped, as Docker drops it.
                if (received.Count > 0) await attachment.WriteStdinAsync(buffer.AsMemory(0, received.Count), gone.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            await gone.CancelAsync();
        }
    }
}
