namespace GitStreamSync.Cli.Completion;

/// <summary>
/// The scripts <c>completion bash|zsh|fish|pwsh</c> prints. Each hands the command line up to the
/// cursor (without the program name) to the hidden <c>__complete</c> command and offers what it
/// prints, one candidate a line; with no candidate the shell falls back to file names, so the
/// repository argument still completes as a path.
/// </summary>
internal static class CompletionScripts
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish", "pwsh"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "pwsh" => PowerShell,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "no completion script for this shell"),
    };

    // bash splits words at ':' (COMP_WORDBREAKS), so STREAM:TAG candidates are offered without the
    // part of the word before its last colon, as bash-completion's __ltrim_colon_completions does.
    private const string Bash = """
        # gitstreamsync completion for bash. Load it with:
        #   source <(gitstreamsync completion bash)
        _gitstreamsync_complete() {
            local line="${COMP_LINE:0:$COMP_POINT}"
            local args="${line#*[[:space:]]}"
            [[ "$line" == "$args" ]] && args=""
            local IFS=$'\n'
            COMPREPLY=($(command gitstreamsync __complete "$args" 2>/dev/null))
            local word="${line##*[[:space:]]}"
            if [[ "$word" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
                local prefix="${word%"${word##*:}"}"
                COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
            fi
        }
        complete -o default -F _gitstreamsync_complete gitstreamsync

        """;

    private const string Zsh = """
        #compdef gitstreamsync
        # gitstreamsync completion for zsh. Load it with:
        #   source <(gitstreamsync completion zsh)
        _gitstreamsync() {
            local line="${BUFFER[1,$CURSOR]}"
            local args="${line#* }"
            [[ "$line" == "$args" ]] && args=""
            local -a candidates
            candidates=("${(@f)$(command gitstreamsync __complete "$args" 2>/dev/null)}")
            candidates=(${candidates:#})
            if (( ${#candidates} )); then
                compadd -Q -- "${candidates[@]}"
            else
                _files
            fi
        }
        if (( $+functions[compdef] )); then
            compdef _gitstreamsync gitstreamsync
        fi

        """;

    private const string Fish = """
        # gitstreamsync completion for fish. Load it with:
        #   gitstreamsync completion fish | source
        function __gitstreamsync_complete
            set -l line (commandline -cp)
            set -l args (string replace -r '^\S+\s*' '' -- $line)
            command gitstreamsync __complete "$args" 2>/dev/null
        end
        complete -c gitstreamsync -a '(__gitstreamsync_complete)'

        """;

    private const string PowerShell = """
        # gitstreamsync completion for PowerShell. Load it with:
        #   gitstreamsync completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName gitstreamsync -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $text = $commandAst.ToString()
            $length = [Math]::Min($cursorPosition - $commandAst.Extent.StartOffset, $text.Length)
            $line = $text.Substring(0, $length)
            if ($cursorPosition -gt $commandAst.Extent.EndOffset) { $line += ' ' }
            $arguments = $line -replace '^\S+\s*', ''
            gitstreamsync __complete "$arguments" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
