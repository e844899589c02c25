-- Neovim 0.7, headless, with two language servers on one buffer, as
-- docs/ide.md sets them up: clangd and kmdf-check --lsp.
--   KMDF_CHECK=... KMDF_EXAMPLE=dir KMDF_OUT=file \
--     nvim --headless -u NONE -i NONE -c 'luafile nvim-beside-clangd.lua'
-- Opens interrupt.c, waits until both servers have published diagnostics
-- for it and writes every diagnostic Neovim stored, in line order, with the
-- server it came from.
local tool = assert(os.getenv("KMDF_CHECK"))
local root = assert(os.getenv("KMDF_EXAMPLE"))
local out = assert(io.open(assert(os.getenv("KMDF_OUT")), "w"))
local published = {} -- client name -> number of publishDiagnostics

local function start(name, cmd)
  local id = vim.lsp.start_client({
    name = name,
    cmd = cmd,
    root_dir = root,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        published[name] = (published[name] or 0) + 1
        return vim.lsp.handlers["textDocument/publishDiagnostics"](
          err, result, ctx, config)
      end,
    },
  })
  if not id then
    out:write("FAILED: starting " .. name .. "\n")
    out:close()
    vim.cmd("cquit 1")
  end
  return id
end

vim.cmd("filetype on")
local clients = {
  start("clangd", { "clangd", "--background-index=false" }),
  start("kmdf-check", { tool, "--lsp" }),
}
vim.cmd("edit " .. vim.fn.fnameescape(root .. "/interrupt.c"))
local buf = vim.api.nvim_get_current_buf()
for _, id in ipairs(clients) do
  vim.lsp.buf_attach_client(buf, id)
end
if not vim.wait(120000, function()
  return published["clangd"] and published["kmdf-check"]
end, 50) then
  out:write("FAILED: timed out waiting for both servers' diagnostics\n")
end

local diagnostics = vim.diagnostic.get(buf)
table.sort(diagnostics, function(a, b)
  return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
end)
for _, d in ipairs(diagnostics) do
  out:write(string.format("%d:%d %s: %s\n", d.lnum, d.col, d.source or "-",
    d.message))
end
out:close()
vim.cmd("qall!")
