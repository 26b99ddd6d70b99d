namespace GitStreamSync.Core.Show;

/// <summary><c>-o</c> of <c>get</c>, as <c>oc get</c> spells them.</summary>
internal enum ViewFormat
{
    Table,
    Wide,
    Yaml,
    Json,
    Name,
}
