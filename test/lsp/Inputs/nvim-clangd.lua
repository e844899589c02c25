-- Neovim 0.7, headless, with one language server on the buffer, as
-- docs/ide.md sets up editors that take one server per language:
-- kmdf-check --lsp --clangd, clangd behind it.
--   KMDF_CHECK=... KMDF_EXAMPLE=dir KMDF_OUT=file \
--     nvim --headless -u NONE -i NONE -c 'luafile nvim-clangd.lua'
-- Opens interrupt.c, waits until the buffer has diagnostics from both
-- clangd and kmdf-check and writes every diagnostic Neovim stored, in line
-- order, with its source; then the server's exit status.
local tool = assert(os.getenv("KMDF_CHECK"))
local root = assert(os.getenv("KMDF_EXAMPLE"))
local out = assert(io.open(assert(os.getenv("KMDF_OUT")), "w"))
local exit_code = nil

vim.cmd("filetype on")
local id = vim.lsp.start_client({
  name = "kmdf-check",
  cmd = { tool, "--lsp", "--clangd", "--clangd-arg=--background-index=false" },
  root_dir = root,
  on_exit = function(code) exit_code = code end,
})
if not id then
  out:write("FAILED: starting kmdf-check --lsp --clangd\n")
  out:close()
  vim.cmd("cquit 1")
end
vim.cmd("edit " .. vim.fn.fnameescape(root .. "/interrupt.c"))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, id)

local function sources()
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    seen[d.source or "-"] = true
  end
  return seen
end
if not vim.wait(120000, function()
  local seen = sources()
  return seen["clang"] and seen["kmdf-check"]
end, 50) then
  out:write("FAILED: timed out waiting for both sources' diagnostics\n")
end

local diagnostics = vim.diagnostic.get(buf)
table.sort(diagnostics, function(a, b)
  return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
end)
for _, d in ipairs(diagnostics) do
  out:write(string.format("%d:%d %s: %s\n", d.lnum, d.col, d.source or "-",
    d.message))
end

vim.lsp.stop_client(id)
if not vim.wait(60000, function() return exit_code ~= nil end, 50) then
  out:write("FAILED: the server did not exit\n")
end
out:write("server exit status " .. tostring(exit_code) .. "\n")
out:close()
vim.cmd("qall!")
